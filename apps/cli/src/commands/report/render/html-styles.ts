// System fonts only: the file must render the same offline, with no font fetched from anywhere.
export const REPORT_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1f2328;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",sans-serif}
main{max-width:1200px;margin:0 auto;padding:28px 32px 48px}
header h1{margin:0 0 4px;font-size:26px}
.meta{margin:0;color:#57606a}
.totals{display:grid;grid-template-columns:repeat(3,1fr);gap:16px;margin:20px 0}
.card,section.panel{background:#fff;border:1px solid #d8dee4;border-radius:8px}
.card{padding:14px 18px}
.card .label{color:#57606a;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:30px;font-weight:650;font-variant-numeric:tabular-nums}
.card .sub{color:#57606a;font-size:12px}
.warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px;margin:0 0 16px}
.saved{background:#dafbe1;border:1px solid #4ac26b;border-radius:6px;padding:8px 12px;margin:0 0 16px}
section.panel{padding:16px 20px;margin:0 0 20px}
section.panel h2{margin:0 0 10px;font-size:17px}
.two-col{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.two-col>section.panel{margin:0 0 20px;min-width:0}
svg{display:block;width:100%;height:auto}
svg text{font-family:inherit;font-size:12px;fill:#57606a}
svg text.label{fill:#1f2328;font-size:13px}
svg text.value{fill:#1f2328;font-size:12px;font-weight:600}
svg text.axis-title{font-size:12px;font-weight:600;fill:#1f2328}
svg .grid{stroke:#eaeef2;stroke-width:1}
svg .axis{stroke:#8c959f;stroke-width:1}
svg .line{stroke-width:2.5}
svg .average{stroke:#8c959f;stroke-width:1;stroke-dasharray:5 4}
svg text.average-label{font-size:11px}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;margin:10px 0 0;padding:0 0 0 72px}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
.muted{color:#57606a}
.no-data{margin:8px 0;padding:24px;text-align:center;color:#57606a;background:#f6f8fa;border:1px dashed #d0d7de;border-radius:6px}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:6px 10px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{font-size:12px;color:#57606a;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;white-space:nowrap}
tfoot td{font-weight:650;border-top:2px solid #d0d7de;border-bottom:none}
td.name{overflow-wrap:anywhere}
.suggestions{list-style:none;margin:0;padding:0}
.suggestions li{padding:10px 0;border-bottom:1px solid #eaeef2}
.suggestions li:last-child{border-bottom:none}
.suggestions .action{color:#57606a}
.badge{display:inline-block;min-width:58px;text-align:center;border-radius:10px;padding:0 8px;margin-right:8px;font-size:12px;font-weight:600;color:#fff}
.badge.high{background:#cf222e}.badge.medium{background:#bf8700}.badge.low{background:#57606a}
.saving{float:right;font-weight:600;color:#1a7f37}
.type{font-size:12px;color:#57606a;margin-left:6px}
footer{color:#57606a;font-size:12px;text-align:center}
@media (max-width:900px){.totals,.two-col{grid-template-columns:1fr}}
@media print{body{background:#fff}section.panel,.card{break-inside:avoid}}
`;
