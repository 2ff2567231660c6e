// data-testid values shared by the app and the Playwright suite: one place to rename.
export const TID = {
  signinForm: "signin-form",
  signinEmail: "signin-email",
  signinPassword: "signin-password",
  signinSubmit: "signin-submit",
  signinError: "signin-error",
  signinNotice: "signin-notice",
  magicEmail: "magic-email",
  magicSubmit: "magic-submit",
  userMenu: "user-menu",
  signOut: "sign-out",
  roleHome: "role-home",
  forbidden: "forbidden",
  idleWarning: "idle-warning",
  patientsTable: "patients-table",
  upcomingList: "upcoming-consultations",
  // Realtime (issue 3): the live connection indicator in the signed-in top bar.
  connectionIndicator: "connection-indicator",
} as const;
