/** The API's one event stream: listeners subscribe, the pipeline emits. */
import type { NightcalEvent } from '../../shared/contract';

export class EventHub {
  private readonly listeners = new Set<(event: NightcalEvent) => void>();

  on(listener: (event: NightcalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit = (event: NightcalEvent): void => {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a closed window) must not stop the pipeline or other listeners.
      }
    }
  };

  get size(): number {
    return this.listeners.size;
  }
}
