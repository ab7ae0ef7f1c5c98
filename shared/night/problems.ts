/** A Problem of the night, made in one way everywhere the night is judged. */
import type { Problem } from './frames';

export function problem(code: Problem['code'], severity: Problem['severity'], message: string, frameIds: readonly string[]): Problem {
  return { code, severity, message, frameIds };
}
