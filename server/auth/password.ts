import "server-only";
import bcrypt from "bcryptjs";

const COST = 12;
// Compared against when the account does not exist, so a wrong email takes as long as a
// wrong password and the timing reveals nothing about which accounts exist.
const DUMMY_HASH = "$2b$12$Oezer9O1gJ/Xk8wXl1dD1eF8lGwuNxiioYgMeYCYnMHQyPbs.f6oe";

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export async function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(plain, hash ?? DUMMY_HASH);
  return Boolean(hash) && ok;
}
