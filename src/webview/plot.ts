// The plot: the function and its derivative (uPlot, canvas), a tangent line at a point the user
// moves with a slider (keyboard: arrows, Page Up/Down, Home/End) or by clicking the plot, and the
// values at that point. Colours come from the VS Code theme and follow it when it changes.
import uPlot from 'uplot';
import type { PanelStrings, PlotData } from '../shared/panelMessages';
import { format, formatNumber, h } from './dom';

const HEIGHT = 300;

interface Theme {
  f: string;
  derivative: string;
  tangent: string;
  axis: string;
  grid: string;
  font: string;
  width: number;
}

function theme(): Theme {
  const style = getComputedStyle(document.body);
  // Some themes give chart colours with transparency (Light Modern: charts.orange is 33 % opaque):
  // curves are drawn opaque.
  const raw = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const read = (name: string, fallback: string) => opaque(raw(name, fallback));
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const foreground = read('--vscode-foreground', '#888');
  return {
    f: read('--vscode-charts-blue', '#3794ff'),
    derivative: read('--vscode-charts-orange', '#d18616'),
    tangent: read('--vscode-charts-purple', '#b180d7'),
    axis: foreground,
    // the grid keeps the theme's transparency: faint lines behind the curves
    grid: highContrast ? read('--vscode-contrastBorder', foreground) : raw('--vscode-editorIndentGuide-background1', raw('--vscode-editorIndentGuide-background', 'rgba(128,128,128,0.3)')),
    font: `${read('--vscode-font-size', '13px')} ${read('--vscode-font-family', 'sans-serif')}`,
    width: highContrast ? 3 : 2,
  };
}

/** Prime marks: f′, f″, f‴, then f⁽ⁿ⁾. */
export function primes(order: number): string {
  if (order === 1) return '′';
  if (order === 2) return '″';
  if (order === 3) return '‴';
  return `⁽${[...String(order)].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)]).join('')}⁾`;
}

export interface PlotHandle {
  element: HTMLElement;
  /** Builds the chart once `element` is in the document (uPlot needs its width). */
  mount(): void;
  /** Redraws with the current theme's colours. */
  restyle(): void;
  destroy(): void;
}

export function createPlot(data: PlotData, order: number, strings: PanelStrings): PlotHandle {
  const v = data.variable;
  const fLabel = `f(${v})`;
  const dLabel = `f${primes(order)}(${v})`;
  let index = data.tangentIndex;
  let chart: uPlot | undefined;
  let resize: ResizeObserver | undefined;

  const canvasHost = h('div', { class: 'plot-canvas', attrs: { role: 'img', 'aria-label': `${strings.plotHeading}: ${strings.plotFunction} ${fLabel}, ${strings.plotDerivative} ${dLabel}, ${strings.plotTangent}` } });
  const readout = h('p', { class: 'plot-readout', attrs: { 'aria-live': 'polite' } });
  const slider = h('input', {
    attrs: { type: 'range', min: 0, max: data.x.length - 1, step: 1, value: index, 'aria-label': strings.tangentPoint, 'data-control': 'tangent' },
    on: { input: () => setIndex(Number(slider.value)) },
  });
  const domain = data.domain ? h('p', { class: 'plot-domain' }, domainText(data, strings)) : null;
  const element = h(
    'div',
    { class: 'plot' },
    canvasHost,
    h('label', { class: 'plot-slider' }, h('span', null, strings.tangentPoint), slider),
    readout,
    domain,
  );

  function tangentSeries(): (number | null)[] {
    const x0 = data.x[index]!;
    const y0 = data.f[index];
    const m = data.slope[index];
    if (y0 === null || y0 === undefined || m === null || m === undefined) return data.x.map(() => null);
    return data.x.map((x) => y0 + m * (x - x0));
  }

  function pointSeries(): (number | null)[] {
    return data.x.map((_, i) => (i === index ? (data.f[i] ?? null) : null));
  }

  function setIndex(i: number): void {
    index = Math.max(0, Math.min(data.x.length - 1, i));
    slider.value = String(index);
    const x = data.x[index]!;
    const text = `${v} = ${formatNumber(x)}`;
    slider.setAttribute('aria-valuetext', text);
    const parts = [text, `${fLabel} = ${formatNumber(data.f[index])}`, `f′(${v}) = ${formatNumber(data.slope[index])}`];
    if (order > 1) parts.push(`${dLabel} = ${formatNumber(data.derivative[index])}`);
    readout.textContent = parts.join('   ');
    // Both scales have fixed ranges, so "resetting" them keeps the view; it is what redraws.
    chart?.setData([data.x, data.f, data.derivative, tangentSeries(), pointSeries()] as uPlot.AlignedData);
  }

  function build(): void {
    const t = theme();
    const width = Math.max(240, canvasHost.clientWidth || 480);
    const axis = (label: string): uPlot.Axis => ({
      stroke: t.axis,
      font: t.font,
      labelFont: t.font,
      label,
      grid: { stroke: t.grid, width: 1 },
      ticks: { stroke: t.grid, width: 1 },
    });
    const value = (_: uPlot, raw: number | null) => formatNumber(raw);
    chart = new uPlot(
      {
        width,
        height: HEIGHT,
        scales: { x: { time: false, range: [data.x[0]!, data.x[data.x.length - 1]!] }, y: { range: data.yRange } },
        axes: [axis(v), axis('')],
        series: [
          { label: v, value },
          { label: fLabel, stroke: t.f, width: t.width, spanGaps: false, points: { show: false }, value },
          { label: dLabel, stroke: t.derivative, width: t.width, dash: [8, 4], spanGaps: false, points: { show: false }, value },
          { label: strings.plotTangent, stroke: t.tangent, width: Math.max(1, t.width - 0.5), dash: [2, 3], points: { show: false }, value },
          { label: '', stroke: t.tangent, fill: t.tangent, width: 0, points: { show: true, size: 10, stroke: t.tangent, fill: t.tangent }, value, show: true },
        ],
        // The legend names the curves; the values at the tangent point are in the readout below.
        legend: { show: true, live: false },
        // No dimming of the other curves when the pointer nears one.
        focus: { alpha: 1 },
        cursor: { drag: { x: false, y: false, setScale: false }, focus: { prox: -1 } },
      },
      [data.x, data.f, data.derivative, tangentSeries(), pointSeries()] as uPlot.AlignedData,
      canvasHost,
    );
    const over = chart.over;
    over.addEventListener('click', () => {
      const left = chart?.cursor.left;
      if (chart && left !== undefined && left >= 0) setIndex(chart.posToIdx(left));
    });
  }

  return {
    element,
    mount() {
      build();
      setIndex(index);
      resize = new ResizeObserver(() => {
        const width = Math.max(240, canvasHost.clientWidth);
        if (chart && Math.abs(chart.width - width) > 1) chart.setSize({ width, height: HEIGHT });
      });
      resize.observe(element);
    },
    restyle() {
      chart?.destroy();
      canvasHost.replaceChildren();
      build();
      setIndex(index);
    },
    destroy() {
      resize?.disconnect();
      chart?.destroy();
    },
  };
}

function domainText(data: PlotData, strings: PanelStrings): string {
  const { from, to } = data.domain!;
  const v = data.variable;
  if (from !== undefined && to !== undefined) return format(strings.domainBetween, v, formatNumber(from), formatNumber(to));
  if (from !== undefined) return format(strings.domainFrom, v, formatNumber(from));
  return format(strings.domainTo, v, formatNumber(to));
}

/** The colour without its alpha: rgba(r, g, b, a) → rgb(r, g, b), #rrggbbaa → #rrggbb. */
export function opaque(color: string): string {
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/i.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  if (/^#[0-9a-f]{8}$/i.test(color)) return color.slice(0, 7);
  if (/^#[0-9a-f]{4}$/i.test(color)) return color.slice(0, 4);
  return color;
}
