import { Gallery } from "./gallery";

export default function UiPreviewPage() {
  return (
    <div className="grid">
      <div className="bg-background p-8 text-foreground">
        <Gallery id="light" />
      </div>
      <div className="dark bg-background p-8 text-foreground">
        <Gallery id="dark" />
      </div>
    </div>
  );
}
