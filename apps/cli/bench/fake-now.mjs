// Preloaded by statusline.bench.mjs (node --import): moves the clock to BENCH_NOW (ms since the epoch), so the status
// line sees the bench corpus's last day as today. Not used outside the bench.
const offset = Number(process.env.BENCH_NOW) - Date.now();
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
};
