// The plot: the function and its derivative (uPlot, canvas), a tangent line at a point the user
// moves with a slider (keyboard: arrows, Page Up/Down, Home/End) or by clicking the plot, and the
// values at that point. The calculus sections add to it: the tangent at a point typed exactly, a
// Taylor polynomial near its point, critical points marked. Colours come from the VS Code theme and
// follow it when it changes.
import uPlot from 'uplot';
import type { PanelStrings, PlotData } from '../shared/panelMessages';
import { format, formatNumber, h } from './dom';

const HEIGHT = 300;

interface Theme {
  f: string;
  derivative: string;
  tangent: string;
  taylor: string;
  marker: string;
  background: string;
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
    taylor: read('--vscode-charts-green', '#89d185'),
    marker: read('--vscode-charts-red', '#f14c4c'),
    background: read('--vscode-editor-background', '#ffffff'),
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
  /** The tangent at a point given exactly (not on the sampling grid): its point and slope. */
  setTangent(point: { x: number; y: number; slope: number }): void;
  /** Called with the tangent point's x when the person moves it (slider, click). */
  onTangentMove(listener: ((x: number) => void) | undefined): void;
  /** A Taylor polynomial Σ cₖ (x − a)ᵏ drawn near a; undefined removes it. */
  setTaylor(taylor: TaylorCurve | undefined): void;
  /** Points marked on f (critical points); undefined removes them. */
  setMarkers(markers: PlotMarker[] | undefined): void;
}

export interface TaylorCurve {
  label: string;
  at: number;
  /** cₖ for k = 0…n (null where not finite: nothing is drawn). */
  coefficients: (number | null)[];
}

export interface PlotMarker {
  x: number;
  y: number;
  label: string;
}

/** T(x) = Σ cₖ (x − a)ᵏ by Horner's rule; null where a coefficient is missing. */
function taylorValue(coefficients: readonly (number | null)[], at: number, x: number): number | null {
  let value = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) {
    const c = coefficients[k];
    if (c === null || c === undefined) return null;
    value = value * (x - at) + c;
  }
  return value;
}

export function createPlot(data: PlotData, order: number, strings: PanelStrings): PlotHandle {
  const v = data.variable;
  const fLabel = `f(${v})`;
  const dLabel = `f${primes(order)}(${v})`;
  let index = data.tangentIndex;
  let chart: uPlot | undefined;
  let resize: ResizeObserver | undefined;
  /** The tangent given exactly, until the person moves the point. */
  let exact: { x: number; y: number; slope: number } | undefined;
  let moved: ((x: number) => void) | undefined;
  let taylor: TaylorCurve | undefined;
  let markers: PlotMarker[] | undefined;

  const canvasHost = h('div', { class: 'plot-canvas', attrs: { role: 'img', 'aria-label': `${strings.plotHeading}: ${strings.plotFunction} ${fLabel}, ${strings.plotDerivative} ${dLabel}, ${strings.plotTangent}` } });
  const readout = h('p', { class: 'plot-readout', attrs: { 'aria-live': 'polite' } });
  const slider = h('input', {
    attrs: { type: 'range', min: 0, max: data.x.length - 1, step: 1, value: index, 'aria-label': strings.tangentPoint, 'data-control': 'tangent' },
    on: { input: () => moveTo(Number(slider.value)) },
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
    const x0 = exact?.x ?? data.x[index]!;
    const y0 = exact ? exact.y : data.f[index];
    const m = exact ? exact.slope : data.slope[index];
    if (y0 === null || y0 === undefined || m === null || m === undefined) return data.x.map(() => null);
    return data.x.map((x) => y0 + m * (x - x0));
  }

  function pointSeries(): (number | null)[] {
    // an exact point off the grid is drawn by the markers hook
    return data.x.map((_, i) => (i === index && !exact ? (data.f[i] ?? null) : null));
  }

  /** The Taylor polynomial where it stays near the plotted range (it grows fast away from its point). */
  function taylorSeries(curve: TaylorCurve): (number | null)[] {
    const [low, high] = data.yRange;
    const margin = (high - low) * 2;
    return data.x.map((x) => {
      const y = taylorValue(curve.coefficients, curve.at, x);
      return y !== null && y > low - margin && y < high + margin ? y : null;
    });
  }

  function series(): uPlot.AlignedData {
    const extra = taylor ? [taylorSeries(taylor)] : [];
    return [data.x, data.f, data.derivative, tangentSeries(), ...extra, pointSeries()] as uPlot.AlignedData;
  }

  /** The person moved the point: the exact tangent gives way to the grid's. */
  function moveTo(i: number): void {
    exact = undefined;
    setIndex(i);
    moved?.(data.x[index]!);
  }

  function setIndex(i: number): void {
    index = Math.max(0, Math.min(data.x.length - 1, i));
    slider.value = String(index);
    const x = exact?.x ?? data.x[index]!;
    const text = `${v} = ${formatNumber(x)}`;
    slider.setAttribute('aria-valuetext', text);
    const parts = exact
      ? [text, `${fLabel} = ${formatNumber(exact.y)}`, `f′(${v}) = ${formatNumber(exact.slope)}`]
      : [text, `${fLabel} = ${formatNumber(data.f[index])}`, `f′(${v}) = ${formatNumber(data.slope[index])}`];
    if (order > 1 && !exact) parts.push(`${dLabel} = ${formatNumber(data.derivative[index])}`);
    readout.textContent = parts.join('   ');
    // Both scales have fixed ranges, so "resetting" them keeps the view; it is what redraws.
    chart?.setData(series());
  }

  /** Critical points and an exact tangent point, drawn over the curves. */
  function drawMarkers(u: uPlot, t: Theme): void {
    const ctx = u.ctx;
    const ratio = window.devicePixelRatio || 1;
    const dot = (x: number, y: number, color: string, fill: string) => {
      const px = u.valToPos(x, 'x', true);
      const py = u.valToPos(y, 'y', true);
      if (!Number.isFinite(px) || !Number.isFinite(py)) return undefined;
      ctx.beginPath();
      ctx.arc(px, py, 5 * ratio, 0, 2 * Math.PI);
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.lineWidth = 2 * ratio;
      ctx.strokeStyle = color;
      ctx.stroke();
      return { px, py };
    };
    ctx.save();
    if (exact) dot(exact.x, exact.y, t.tangent, t.tangent);
    for (const marker of markers ?? []) {
      const at = dot(marker.x, marker.y, t.marker, t.background);
      if (!at) continue;
      ctx.font = `${Math.round(11 * ratio)}px ${getComputedStyle(document.body).getPropertyValue('--vscode-font-family') || 'sans-serif'}`;
      ctx.fillStyle = t.axis;
      ctx.textAlign = 'center';
      ctx.fillText(marker.label, at.px, at.py + (marker.y >= (data.yRange[0] + data.yRange[1]) / 2 ? 18 : -10) * ratio);
    }
    ctx.restore();
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
          ...(taylor ? [{ label: taylor.label, stroke: t.taylor, width: t.width, dash: [6, 3, 1, 3], spanGaps: false, points: { show: false }, value }] : []),
          { label: '', stroke: t.tangent, fill: t.tangent, width: 0, points: { show: true, size: 10, stroke: t.tangent, fill: t.tangent }, value, show: true },
        ],
        // The legend names the curves; the values at the tangent point are in the readout below.
        legend: { show: true, live: false },
        // No dimming of the other curves when the pointer nears one.
        focus: { alpha: 1 },
        cursor: { drag: { x: false, y: false, setScale: false }, focus: { prox: -1 } },
        hooks: { draw: [(u) => drawMarkers(u, t)] },
      },
      series(),
      canvasHost,
    );
    const over = chart.over;
    over.addEventListener('click', () => {
      const left = chart?.cursor.left;
      if (chart && left !== undefined && left >= 0) moveTo(chart.posToIdx(left));
    });
  }

  /** Builds the chart again (the theme changed, or a curve came or went). */
  function rebuild(): void {
    if (!chart) return;
    chart.destroy();
    canvasHost.replaceChildren();
    build();
    setIndex(index);
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
      rebuild();
    },
    destroy() {
      resize?.disconnect();
      chart?.destroy();
    },
    setTangent(point) {
      exact = point;
      // the slider sits at the grid point nearest to it
      let nearest = 0;
      data.x.forEach((x, i) => {
        if (Math.abs(x - point.x) < Math.abs(data.x[nearest]! - point.x)) nearest = i;
      });
      setIndex(nearest);
    },
    onTangentMove(listener) {
      moved = listener;
    },
    setTaylor(curve) {
      // a curve that comes, goes or changes its legend's label needs a new chart
      const changed = taylor?.label !== curve?.label;
      taylor = curve;
      if (changed) rebuild();
      else chart?.setData(series());
    },
    setMarkers(points) {
      markers = points;
      chart?.redraw(false, false);
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
