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
} as const;

// Notifications and join links (/join/[token], /admin/emails).
export const JOIN_TID = {
  joinPage: "join-page",
  joinDetails: "join-details",
  joinSubmit: "join-submit",
  joinProblem: "join-problem",
  joinError: "join-error",
  joinOtherAccount: "join-other-account",
  joinSignOut: "join-sign-out",
  failedEmails: "failed-emails",
  retryEmail: "retry-email",
} as const;
