/**
 * Keeps a failure in one part of the window (a pane, a card, a step) from blanking the whole
 * app: the part shows what went wrong and can be tried again.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What the part shows, for the message ("The histogram", "This step"). */
  readonly label: string;
  readonly children: ReactNode;
}

/** A React error boundary with a retry button. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.label} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="alert error boundary" role="alert">
        <span>
          {this.props.label} could not be shown: {this.state.error.message}
        </span>
        <button type="button" className="small" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
