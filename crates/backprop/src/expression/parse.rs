//! Recursive-descent parsing with precedence climbing, into a tape of nodes.
//!
//! ```text
//! sum     = product (("+" | "-") product)*
//! product = unary (("*" | "/") unary)*
//! unary   = "-" unary | power
//! power   = atom ("^" unary)?          (right-associative: 2^3^2 = 2^9)
//! atom    = number | name | name "(" sum ")" | "(" sum ")"
//! ```
//!
//! Recursion depth is counted and capped, so `((((…))))` nested a million
//! times is an error message, not a stack overflow.
//!
//! A sub-expression written twice is one node: `x` in `x*x`, or `x^2` in
//! `sin(x^2) + 3*x^2`, is computed once and feeds every place it appears,
//! so its gradient is the sum of what each of them sends back.

use super::{Function, Op, Operator, MAX_DEPTH, MAX_NODES};
use crate::decimal::Decimal;
use crate::error::{bail, Result};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Symbol(char),
}

/// Splits the source into tokens, with each token's character position.
fn tokenize(source: &str) -> Result<Vec<(usize, Token)>> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent: 1e-3, 2.5E+4.
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text: String = chars[start..i].iter().collect();
            match crate::decimal::parse(&text) {
                Some(v) if v.is_finite() => tokens.push((start, Token::Number(v))),
                _ => bail!("\"{text}\" at position {} is not a number", start + 1),
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((start, Token::Name(chars[start..i].iter().collect())));
        } else {
            let symbol = match c {
                '−' => '-',
                '×' | '·' => '*',
                '÷' => '/',
                '+' | '-' | '*' | '/' | '^' | '(' | ')' => c,
                _ => bail!("unexpected character '{c}' at position {}", i + 1),
            };
            tokens.push((i, Token::Symbol(symbol)));
            i += 1;
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    next: usize,
    nodes: Vec<Op>,
    depth: usize,
    /// Characters in the source (for "at the end" messages).
    length: usize,
}

pub(super) fn parse(source: &str) -> Result<Vec<Op>> {
    let tokens = tokenize(source)?;
    if tokens.is_empty() {
        bail!("the expression is empty: type a formula such as cos(sin(x^2) + 3*x^2)");
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        nodes: Vec::new(),
        depth: 0,
        length: source.chars().count(),
    };
    parser.sum()?;
    if let Some((pos, token)) = parser.tokens.get(parser.next) {
        bail!("unexpected {} at position {}", describe(token), pos + 1);
    }
    Ok(parser.nodes)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Number(v) => format!("number {}", Decimal(*v)),
        Token::Name(n) => format!("name \"{n}\""),
        Token::Symbol(c) => format!("'{c}'"),
    }
}

impl Parser {
    /// The node computing `op`: the one already there, or a new one. Inputs
    /// are node ids, so equal operations are equal sub-expressions (a
    /// constant is finite and never −0: the tokenizer reads no signs). A
    /// linear search: formulas are short, and even the longest allowed
    /// takes a few milliseconds.
    fn push(&mut self, op: Op) -> Result<usize> {
        if let Some(id) = self.nodes.iter().position(|known| *known == op) {
            return Ok(id);
        }
        if self.nodes.len() >= MAX_NODES {
            bail!("the expression has more than {MAX_NODES} operations");
        }
        self.nodes.push(op);
        Ok(self.nodes.len() - 1)
    }

    fn peek_symbol(&self) -> Option<char> {
        match self.tokens.get(self.next) {
            Some((_, Token::Symbol(c))) => Some(*c),
            _ => None,
        }
    }

    fn position(&self) -> String {
        match self.tokens.get(self.next) {
            Some((pos, _)) => format!("position {}", pos + 1),
            None => format!("the end (position {})", self.length + 1),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            bail!("the expression is nested more than {MAX_DEPTH} levels deep");
        }
        Ok(())
    }

    fn sum(&mut self) -> Result<usize> {
        let mut left = self.product()?;
        while let Some(c @ ('+' | '-')) = self.peek_symbol() {
            self.next += 1;
            let right = self.product()?;
            let operator = if c == '+' { Operator::Add } else { Operator::Subtract };
            left = self.push(Op::Binary { operator, left, right })?;
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<usize> {
        let mut left = self.unary()?;
        while let Some(c @ ('*' | '/')) = self.peek_symbol() {
            self.next += 1;
            let right = self.unary()?;
            let operator = if c == '*' { Operator::Multiply } else { Operator::Divide };
            left = self.push(Op::Binary { operator, left, right })?;
        }
        Ok(left)
    }

    /// Every recursive path (parentheses, calls, minus signs, powers) passes
    /// through here, so this is where the depth is counted.
    fn unary(&mut self) -> Result<usize> {
        self.enter()?;
        let node = if self.peek_symbol() == Some('-') {
            self.next += 1;
            let input = self.unary()?;
            self.push(Op::Unary {
                function: Function::Negate,
                input,
            })?
        } else if self.peek_symbol() == Some('+') {
            self.next += 1;
            self.unary()?
        } else {
            self.power()?
        };
        self.depth -= 1;
        Ok(node)
    }

    fn power(&mut self) -> Result<usize> {
        let base = self.atom()?;
        if self.peek_symbol() == Some('^') {
            self.next += 1;
            let exponent = self.unary()?;
            return self.push(Op::Binary {
                operator: Operator::Power,
                left: base,
                right: exponent,
            });
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<usize> {
        let Some((pos, token)) = self.tokens.get(self.next).cloned() else {
            bail!(
                "the expression ends too early: a number, name or '(' is missing at {}",
                self.position()
            );
        };
        self.next += 1;
        match token {
            Token::Number(value) => self.push(Op::Constant { value }),
            Token::Symbol('(') => {
                let inner = self.sum()?;
                self.expect_close(pos)?;
                Ok(inner)
            }
            Token::Name(name) => {
                if self.peek_symbol() == Some('(') {
                    let function = function(&name).ok_or_else(|| {
                        crate::error::Error::new(format!(
                            "unknown function \"{name}\" at position {}; known: sin, cos, tan, exp, log, tanh, sigmoid, relu, abs, sqrt",
                            pos + 1
                        ))
                    })?;
                    self.next += 1;
                    let input = self.sum()?;
                    self.expect_close(pos)?;
                    self.push(Op::Unary { function, input })
                } else if function(&name).is_some() {
                    bail!(
                        "function \"{name}\" at position {} needs parentheses: {name}(x)",
                        pos + 1
                    )
                } else {
                    self.push(Op::Variable { name })
                }
            }
            Token::Symbol(c) => bail!("unexpected '{c}' at position {}", pos + 1),
        }
    }

    fn expect_close(&mut self, opened_at: usize) -> Result<()> {
        if self.peek_symbol() == Some(')') {
            self.next += 1;
            Ok(())
        } else {
            bail!(
                "the '(' at position {} is never closed (expected ')' at {})",
                opened_at + 1,
                self.position()
            )
        }
    }
}

fn function(name: &str) -> Option<Function> {
    Some(match name {
        "sin" => Function::Sin,
        "cos" => Function::Cos,
        "tan" => Function::Tan,
        "exp" => Function::Exp,
        "log" | "ln" => Function::Log,
        "tanh" => Function::Tanh,
        "sigmoid" => Function::Sigmoid,
        "relu" => Function::Relu,
        "abs" => Function::Abs,
        "sqrt" => Function::Sqrt,
        _ => return None,
    })
}
