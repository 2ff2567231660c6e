// How people are named in emails and on the join page: clinicians in full with their title,
// patients to clinicians by given name and family initial (the rest stays in the app).

export function displayName(u: { name: string | null; title?: string | null; email?: string }): string {
  const name = u.name?.trim() || u.email || "your clinician";
  return u.title ? `${u.title} ${name}` : name;
}

export function patientLabel(p: { givenName: string; familyName: string }): string {
  const initial = p.familyName.trim().charAt(0);
  return initial ? `${p.givenName.trim()} ${initial.toUpperCase()}.` : p.givenName.trim();
}

export function patientFullName(p: { givenName: string; familyName: string }): string {
  return `${p.givenName} ${p.familyName}`.trim();
}
