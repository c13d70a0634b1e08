// A horizontal grouped bar chart as SVG text, drawn by hand (no charting tool): one group per
// signer, one bar per runtime, value labels at the bar ends.

const COLORS = ['#2b6cb0', '#dd6b20', '#2f855a', '#805ad5'];

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * @param {{ title: string, unit: string, series: string[], rows: { label: string, values: (number | null)[] }[] }} chart
 */
export function barChartSvg({ title, unit, series, rows }) {
  const labelWidth = 190;
  const plotWidth = 420;
  const barHeight = 14;
  const barGap = 3;
  const groupGap = 12;
  const top = 56;
  const groupHeight = series.length * (barHeight + barGap) - barGap;
  const height = top + rows.length * (groupHeight + groupGap) + 30;
  const width = labelWidth + plotWidth + 90;
  const max = Math.max(...rows.flatMap((r) => r.values.filter((v) => v != null)));
  const scale = plotWidth / niceCeiling(max);
  const parts = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">${escape(title)}</text>`,
  );
  series.forEach((name, i) => {
    const x = labelWidth + i * 120;
    parts.push(
      `<rect x="${x}" y="32" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 17}" y="42">${escape(name)}</text>`,
    );
  });
  const axisMax = niceCeiling(max);
  for (let k = 0; k <= 4; k += 1) {
    const v = (axisMax * k) / 4;
    const x = labelWidth + v * scale;
    parts.push(
      `<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${height - 26}" stroke="#e2e8f0"/>`,
      `<text x="${x}" y="${height - 12}" text-anchor="middle" fill="#4a5568">${formatTick(v)}</text>`,
    );
  }
  parts.push(`<text x="${labelWidth - 8}" y="${height - 12}" text-anchor="end" fill="#4a5568">${escape(unit)}</text>`);
  rows.forEach((row, r) => {
    const y0 = top + r * (groupHeight + groupGap);
    parts.push(`<text x="${labelWidth - 8}" y="${y0 + groupHeight / 2 + 4}" text-anchor="end">${escape(row.label)}</text>`);
    row.values.forEach((v, i) => {
      const y = y0 + i * (barHeight + barGap);
      if (v == null) {
        parts.push(`<text x="${labelWidth + 4}" y="${y + barHeight - 3}" fill="#a0aec0">${escape(row.missing ?? 'n/a')}</text>`);
        return;
      }
      const w = Math.max(1, v * scale);
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${COLORS[i % COLORS.length]}"/>`,
        `<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight - 3}" fill="#1a202c">${v.toFixed(v < 10 ? 2 : 1)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceCeiling(v) {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

function formatTick(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
