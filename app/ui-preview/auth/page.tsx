import { AuthLayout } from "@/components/layout/auth-layout";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export default function AuthPreview() {
  return (
    <AuthLayout title="Sign in" description="Use the email your clinic has on file." footer={<a href="#help">Need help signing in?</a>}>
      <FormField label="Email" required>
        <Input type="email" autoComplete="email" />
      </FormField>
      <Button className="w-full">Email me a sign-in link</Button>
    </AuthLayout>
  );
}
