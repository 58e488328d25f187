// Entry point of the core: differentiate and analyze a selection in any dialect.
export * from './api';
import type { Analysis, DerivativeResult, Dialect, DifferentiateOptions, SourceContext } from './api';

/** Differentiates `source` (written in `options.dialect`). Throws InputError on bad input. */
export function differentiate(source: string, options: DifferentiateOptions): DerivativeResult {
  void source; void options;
  throw new Error('core not built yet');
}

/** Parses `source` and lists its free symbols, without differentiating. Throws InputError on bad input. */
export function analyze(source: string, dialect: Dialect, context: SourceContext = {}): Analysis {
  void source; void dialect; void context;
  throw new Error('core not built yet');
}
