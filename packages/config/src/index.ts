// Settings and state rules without zod: cheap enough for a hook's start-up. The defaults and the full validation
// are `@vextrus/config/checked`; the file-system adapter, folder creation and the ledger move `@vextrus/config/node`.
export { type ConfigErrorCode, VextrusConfigError } from "./errors.js";
export { describeValue, problemLine } from "./format.js";
export type { ConfigFs, ConfigInputs, Env } from "./io.js";
export { findProjectRoot } from "./project.js";
export {
  type Block,
  type EffectiveValue,
  effectiveValues,
  isBlock,
  LOCAL_SETTINGS,
  type MergedOptimization,
  mergeOptimization,
  type ProjectSettings,
  type ReadMode,
  type ReadSettingsOptions,
  readProjectSettings,
  readSettingsFile,
  renderSettings,
  SETTINGS_NAMES,
  type SettingsFile,
  type SettingsName,
  SHARED_SETTINGS,
  type Source,
  settingsPath,
} from "./settings.js";
export {
  projectStateDir,
  STATE_FILES,
  type StateFile,
  type StatePaths,
  statePaths,
  userStateDir,
} from "./state.js";
export {
  DEFAULT_STATUSLINE,
  readStatuslineSettings,
  STATUSLINE_SEGMENTS,
  type StatuslineSegment,
  type StatuslineSettings,
} from "./statusline.js";
export {
  FEATURES,
  type FeatureName,
  FLAG_DEFAULTS,
  type FlagSection,
  type Flags,
  isFeature,
  onlyFlags,
  readFlag,
  SWITCH_DEFAULTS,
} from "./switches.js";
export {
  DEFAULT_TEAM,
  readTeamSettings,
  resolveTeamTarget,
  TEAM_SYNC_ON,
  type TeamSettings,
  type TeamSyncOn,
  type TeamTarget,
} from "./team.js";
