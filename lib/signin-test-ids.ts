// The sign-in form's data-testid values; lib/test-ids.ts spreads them into TID for the e2e suite.
export const SIGNIN_TID = {
  signinForm: "signin-form",
  signinEmail: "signin-email",
  signinPassword: "signin-password",
  signinSubmit: "signin-submit",
  signinError: "signin-error",
  signinNotice: "signin-notice",
  magicEmail: "magic-email",
  magicSubmit: "magic-submit",
} as const;
