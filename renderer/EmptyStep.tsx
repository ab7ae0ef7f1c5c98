/** What a step shows before it can do anything. */
export function EmptyStep({ text }: { readonly text: string }) {
  return (
    <section className="step-panel empty-step">
      <p className="muted">{text}</p>
    </section>
  );
}
