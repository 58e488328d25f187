// Internal commands behind the hover's links and the lightbulb's actions: insert a previewed
// derivative below its expression or in place of it, or open it in the explanation panel. The
// derivative comes from the preview cache (what the user saw is what is written); nothing is
// written over a document that changed since the preview.
import * as vscode from 'vscode';
import type { DerivativeResult } from '../../core/api';
import { CommandId } from '../commands';
import { deliverResults, outcome, report, type EditorContext, type RunOutcome } from '../differentiation';
import { isLinkArgs, type DerivativeLinkArgs } from '../previewLinks';
import { budgetOf, type PreviewServices } from '../previews';
import { notationOf, sourceAt } from '../previewTargets';
import { readDocumentSettings } from '../settings';
import { ui } from '../ui';

/** `derivative.applyDerivative`: insert below or replace, as `args.mode` says. */
export async function applyDerivativeCommand(services: PreviewServices, args: unknown): Promise<RunOutcome> {
  const prepared = await prepareLink(args);
  if (!prepared) return outcome(undefined, 'noEditor');
  const { context, link } = prepared;
  if (context.document.version !== link.version) return stale(context);
  const result = await compute(services, context, link);
  if (!result) return context.status!;
  const done = await deliverResults(context, [result], link.mode, link.form);
  if (done.status === 'inserted' || done.status === 'replaced') services.lastVariable.set(context.document.uri.toString(), link.wrt);
  services.log.info(`${link.mode === 'replace' ? 'Replace' : 'Insert below'} from a preview: ${done.status} in ${done.ms.toFixed(0)} ms`);
  return done;
}

/** `derivative.explainDerivative`: opens the explanation panel (`derivative.explain`) on the derivative. */
export async function explainDerivativeCommand(services: PreviewServices, args: unknown): Promise<RunOutcome> {
  const prepared = await prepareLink(args);
  if (!prepared) return outcome(undefined, 'noEditor');
  const { context, link } = prepared;
  const result = await compute(services, context, link);
  if (!result) return context.status!;
  if (!(await vscode.commands.getCommands(true)).includes(CommandId.Explain)) return outcome(context, 'failed', [result.result]);
  // the range tells the panel which expression (a hover inside math has no selection); a matrix
  // derivative is worked out again by the panel, which shows the matrix engine's working
  const range = context.targets[0]!.range;
  await vscode.commands.executeCommand(CommandId.Explain, result.matrix ? { uri: context.document.uri, range, wrt: result.wrt } : { result, uri: context.document.uri, range });
  return outcome(context, 'explained', [result.result]);
}

type LinkContext = EditorContext & { status?: RunOutcome };

/** The editor and the one target a link names; the document is shown if no editor has it. */
async function prepareLink(args: unknown): Promise<{ context: LinkContext; link: DerivativeLinkArgs } | undefined> {
  const link = Array.isArray(args) ? args[0] : args;
  if (!isLinkArgs(link)) return undefined;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === link.uri);
  if (!document) return undefined;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document) ?? (await vscode.window.showTextDocument(document, { preserveFocus: false }));
  const settings = readDocumentSettings(document);
  const { dialect, style } = notationOf(document, settings);
  const [sl, sc, el, ec] = link.range;
  const range = new vscode.Range(sl, sc, el, ec);
  const expression = link.expression;
  const context: LinkContext = {
    editor,
    document,
    settings,
    dialect,
    style,
    targets: [{ parts: { expression, start: 0, end: expression.length }, range }],
    version: link.version,
    started: performance.now(),
    phases: {},
  };
  return { context, link };
}

/** The derivative from the preview cache (computed now if it was dropped). On failure the user is told. */
async function compute(services: PreviewServices, context: LinkContext, link: DerivativeLinkArgs): Promise<DerivativeResult | undefined> {
  const { timeBudgetMs, timeoutMs } = budgetOf(context.settings);
  const started = performance.now();
  try {
    // the core routes vector and matrix input to the matrix engine, as it did for the preview
    const source = sourceAt(context.document, context.targets[0]!.range, link.expression, context.dialect);
    return await services.cache.differentiate(source, { wrt: link.wrt, timeBudgetMs }, timeoutMs, undefined, 'interactive');
  } catch (error) {
    context.status = report(error, context, services);
    return undefined;
  } finally {
    context.phases.differentiate = performance.now() - started;
  }
}

function stale(context: EditorContext): RunOutcome {
  void ui.warning(vscode.l10n.t('The document changed since the preview, so nothing was written. Hover again or run the command.'));
  return outcome(context, 'stale');
}
