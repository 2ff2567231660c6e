// data-testid values of the sign-in form and the signed-in frame (top bar, user menu, idle
// warning, connection indicator). lib/test-ids.ts spreads them into TID for the e2e suite.
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

export const SHELL_TID = {
  userMenu: "user-menu",
  signOut: "sign-out",
  idleWarning: "idle-warning",
  connectionIndicator: "connection-indicator",
} as const;
