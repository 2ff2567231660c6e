// Browser-side flag: this tab is signing out on purpose (idle logoff, the Sign out button),
// so a request that fails with UNAUTHORIZED meanwhile must not send it to "session ended".
let signingOut = false;

export function markSigningOut(): void {
  signingOut = true;
}

export function isSigningOut(): boolean {
  return signingOut;
}
