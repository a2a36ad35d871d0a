import { DEFAULT_CACHE_CONFIG, DEFAULT_TTL_HOURS } from "@vextrus/cache/defaults";
import { DEFAULT_COST_CONFIG } from "@vextrus/cost";
import { parseQualityConfig } from "@vextrus/risk";
import { DEFAULT_STATUSLINE } from "./statusline.js";
import { SWITCH_DEFAULTS } from "./switches.js";

const { prices: _prices, ...costDefaults } = DEFAULT_COST_CONFIG;
// The risk library keeps its quality defaults in its schema: parsing nothing yields them.
const qualityDefaults = parseQualityConfig(undefined).config;

/**
 * The `optimization` block's defaults, section by section as `.claude/settings.json` holds them: each library's
 * own defaults plus the switches no library owns. (The cost prices, an empty override table, are left out.)
 */
export const DEFAULT_OPTIMIZATION = Object.freeze({
  cost: { ...costDefaults },
  latency: {
    agent_caching_enabled: DEFAULT_CACHE_CONFIG.enabled,
    cache_ttl_hours: { ...DEFAULT_TTL_HOURS },
    ...SWITCH_DEFAULTS.latency,
  },
  coordination: { ...SWITCH_DEFAULTS.coordination },
  quality: { ...qualityDefaults },
  monitoring: { ...SWITCH_DEFAULTS.monitoring },
  statusline: {
    segments: [...DEFAULT_STATUSLINE.segments],
    rescan_seconds: DEFAULT_STATUSLINE.rescan_seconds,
  },
});

export type SectionName = keyof typeof DEFAULT_OPTIMIZATION | "complexity";
