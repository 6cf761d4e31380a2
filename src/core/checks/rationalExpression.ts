// Exact evaluation of the arithmetic the step reader extracted: numbers, + − × ÷ (and their ASCII
// and word forms, already mapped to + - * /), parentheses and a postfix % (÷ 100). It never sees
// sample text as code: only these tokens are understood, anything else makes the whole expression
// unreadable (undefined). Precedence is the usual: ×, ÷ before +, −; left to right.
import { add, div, mul, neg, parseDecimal, rational, sub, type Rational } from './exactRational';

export type ExpressionItem = Rational | '+' | '-' | '*' | '/' | '(' | ')' | '%';

const HUNDRED = rational(100n);

/** The value of `items`, or undefined (malformed, or a division by zero). */
export function evaluateItems(items: readonly ExpressionItem[]): Rational | undefined {
  let at = 0;
  const primary = (): Rational | undefined => {
    const t = items[at];
    if (t === '(') {
      at++;
      const v = sum();
      if (items[at] !== ')') return undefined;
      at++;
      return postfix(v);
    }
    if (t === '-' || t === '+') {
      at++;
      const v = primary();
      return v && (t === '-' ? neg(v) : v);
    }
    if (typeof t !== 'object' || t === undefined) return undefined;
    at++;
    return postfix(t);
  };
  const postfix = (v: Rational | undefined) => {
    while (v && items[at] === '%') {
      at++;
      v = div(v, HUNDRED);
    }
    return v;
  };
  /** One left-associative level: operands from `operand`, joined by the two operators `apply` takes. */
  const level = (operand: () => Rational | undefined, ops: readonly [ExpressionItem, ExpressionItem], apply: (first: boolean, l: Rational, r: Rational) => Rational | undefined) =>
    (): Rational | undefined => {
      let v = operand();
      while (v && (items[at] === ops[0] || items[at] === ops[1])) {
        const first = items[at++] === ops[0];
        const r = operand();
        if (!r) return undefined;
        v = apply(first, v, r);
      }
      return v;
    };
  const product = level(() => primary(), ['*', '/'], (times, l, r) => (times ? mul(l, r) : div(l, r)));
  const sum = level(product, ['+', '-'], (plus, l, r) => (plus ? add(l, r) : sub(l, r)));
  const v = sum();
  return at === items.length ? v : undefined;
}

const LEXEME = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d{1,3})?|\.\d+)|([-+*/×÷x()%−]))/y;

/**
 * A calculator annotation's left side ("80,000*1.5", "(2+3)*4", "50%*20") as items, or undefined
 * when it holds anything but numbers, operators and parentheses.
 */
export function parseArithmetic(expression: string): ExpressionItem[] | undefined {
  const src = expression.replace(/(\d),(?=\d{3}(?!\d))/g, '$1').replace(/\$/g, '').trimEnd();
  const items: ExpressionItem[] = [];
  LEXEME.lastIndex = 0;
  while (LEXEME.lastIndex < src.length) {
    const m = LEXEME.exec(src);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      const v = parseDecimal(m[1]);
      if (!v) return undefined;
      items.push(v);
    } else {
      const op = m[2];
      items.push(op === '×' || op === 'x' ? '*' : op === '÷' ? '/' : op === '−' ? '-' : (op as ExpressionItem));
    }
  }
  return items;
}

/** `expression` evaluated exactly, or undefined. */
export function evaluateArithmetic(expression: string): Rational | undefined {
  const items = parseArithmetic(expression);
  return items && items.length ? evaluateItems(items) : undefined;
}
