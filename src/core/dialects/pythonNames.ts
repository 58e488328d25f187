// How Python code spells a name it reserves: a math name such as λ is written `lambda_`.

/** Python's keywords (keyword.kwlist): a math name such as λ is written `lambda_` in code. */
const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

/** A name as Python code writes it: a keyword with an underscore (lambda_). */
export function pythonName(name: string): string { return PYTHON_KEYWORDS.has(name) ? `${name}_` : name; }

/** The name Python code's `lambda_` stands for (lambda); other names as they are. */
export function fromPythonName(name: string): string { return name.endsWith('_') && PYTHON_KEYWORDS.has(name.slice(0, -1)) ? name.slice(0, -1) : name; }
