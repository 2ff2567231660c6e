// s3rver ships no types; tests/helpers/s3-server.ts types the little it uses.
declare module "s3rver";
