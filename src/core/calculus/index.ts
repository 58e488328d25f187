// The calculus operations around the derivative, each pure (no vscode) and run under its time budget:
// tangent lines, Taylor polynomials, implicit derivatives, critical points and antiderivatives. Hosts (CLI, the
// extension's worker) call them with the selection and its notation; results print in that notation.
export { type CalculusOptions, type ExactValue, DEFAULT_CALCULUS_BUDGET_MS } from './common';
export { tangent, type TangentOptions, type TangentResult, TANGENT_METHOD } from './tangent';
export { taylor, type TaylorOptions, type TaylorResult, DEFAULT_TAYLOR_ORDER, MAX_TAYLOR_ORDER, TAYLOR_METHOD, TAYLOR_SERIES_METHOD } from './taylor';
export { taylorVector, type AtPoint, type VectorTaylorOptions, type VectorTaylorResult } from './taylorVector';
export { implicit, splitEquation, type ImplicitDerivative, type ImplicitOptions, type ImplicitResult, IMPLICIT_METHOD } from './implicit';
export { criticalPoints, type CriticalKind, type CriticalOptions, type CriticalPoint, type CriticalResult, DEFAULT_INTERVAL } from './critical';
export { integrate, type Bound, type DefiniteIntegral, type IntegralResult, type IntegrateOptions, DEFAULT_INTEGRATE_BUDGET_MS, NO_ANTIDERIVATIVE } from './integrate';
