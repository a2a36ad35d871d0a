export {
  type CodeCacheStatus,
  defaultCodeCacheDir,
  type LoadBundleOptions,
  type LoadedBundle,
  loadBundle,
} from "./load-bundle.js";
