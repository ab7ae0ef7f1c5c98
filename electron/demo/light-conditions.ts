/**
 * The seeing and the sky of each light of a demo night: by default every light is taken under
 * the same clear sky; a night to try the rejections on has some lights defocused (wider stars,
 * the same light spread over more pixels) and some under clouds (a brighter sky, dimmer stars).
 */

/** How one light differs from a clear, sharp one. */
export interface LightCondition {
  /** Star FWHM multiplied by this (defocus, bad seeing; default 1). */
  readonly fwhmFactor?: number;
  /** Sky level multiplied by this (clouds lit from below, the Moon; default 1). */
  readonly skyFactor?: number;
  /** Every star's flux multiplied by this (clouds: 0.2; default 1). */
  readonly starFluxFactor?: number;
}

/** A condition resolved: every factor given. */
export type ResolvedCondition = Required<LightCondition>;

const CLEAR: ResolvedCondition = { fwhmFactor: 1, skyFactor: 1, starFluxFactor: 1 };

/** Defocused lights: FWHM × 1.8. */
export const DEFOCUSED: ResolvedCondition = { fwhmFactor: 1.8, skyFactor: 1, starFluxFactor: 1 };
/** Clouded lights: sky × 4, stars ÷ 5. */
export const CLOUDED: ResolvedCondition = { fwhmFactor: 1, skyFactor: 4, starFluxFactor: 0.2 };

/** The condition of light `index`, each factor checked (finite, positive). */
export function conditionOf(conditions: readonly (LightCondition | null | undefined)[] | undefined, index: number): ResolvedCondition {
  const given = conditions?.[index];
  if (!given) return CLEAR;
  const resolved = { ...CLEAR, ...given };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 100)) {
      throw new RangeError(`demo night: light ${index + 1}: ${name} must be a number above 0 and at most 100, not ${String(value)}`);
    }
  }
  return resolved;
}

/** True when the light is not taken under the clear default sky. */
export function isClear(condition: ResolvedCondition): boolean {
  return condition.fwhmFactor === 1 && condition.skyFactor === 1 && condition.starFluxFactor === 1;
}

/**
 * A night to try the rejections on: every third light (the 2nd, 5th, 8th…) defocused, and two
 * clear ones clouded (one near the start and one near the end, in different filters when there
 * are two blocks of filters).
 */
export function variedConditions(lights: number): ResolvedCondition[] {
  const conditions: ResolvedCondition[] = Array.from({ length: lights }, (_, i) => (i % 3 === 1 ? DEFOCUSED : CLEAR));
  const clear = conditions.map((c, i) => (c === CLEAR ? i : -1)).filter((i) => i >= 0);
  if (clear.length >= 2) {
    conditions[clear[1]] = CLOUDED;
    conditions[clear[clear.length - 2]] = CLOUDED;
  }
  return conditions;
}
