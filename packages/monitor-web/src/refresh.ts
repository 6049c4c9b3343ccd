/**
 * How often the page refreshes while visible: the one source of truth for the default, which config.ts applies
 * and the cost model (packages/local-stack/bench/cost-model.ts) prices. No imports and no DOM, so Node code can
 * read it too.
 */

/** Seconds between refreshes by default: with the projector's lag well under a second, an order shows within about 4 s. */
export const DEFAULT_REFRESH_SECONDS = 3;
/** The most `refreshSeconds` may say: past it the "within 5 s" promise breaks. */
export const MAX_REFRESH_SECONDS = 5;
/**
 * Seconds between refreshes while the live channel is down (with it up the page refreshes on each event and never
 * polls): the fallback the cost model prices.
 */
export const FALLBACK_REFRESH_SECONDS = 30;
