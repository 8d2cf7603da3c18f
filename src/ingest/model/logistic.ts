// Logistic regression over named features: the reader's one kind of learned decision. A model is
// plain data (named weights and a bias) so that it can be stored as JSON in data/, read back, and
// shown: every decision can list the features that moved it. Training is deterministic — full-batch
// Adam from zero weights for a fixed number of steps — so the same examples give the same model.

/** Named feature values of one example. Absent features are 0. */
export type Features = Record<string, number>;

/**
 * Features given in parts that are shared between examples (what a line looks like, where it
 * stands, what its column looks like): read as their union, without being copied into one object.
 * A name occurs in one part at most.
 */
export type FeatureParts = Features | readonly Features[];

const partsOf = (features: FeatureParts): readonly Features[] =>
  Array.isArray(features) ? (features as readonly Features[]) : [features as Features];

/** One feature's value (0 when absent). */
export function featureValue(features: FeatureParts, name: string): number {
  for (const part of partsOf(features)) {
    const value = part[name];
    if (value !== undefined) return value;
  }
  return 0;
}

/** Every feature with its value, parts flattened. */
export function flatten(features: FeatureParts): Features {
  if (!Array.isArray(features)) return features as Features;
  return Object.assign({}, ...(features as Features[]));
}

export interface Example {
  features: FeatureParts;
  label: 0 | 1;
  /** How much the example counts (default 1). */
  weight?: number;
}

export interface LogisticModel {
  bias: number;
  weights: Record<string, number>;
}

export interface TrainOptions {
  /** L2 penalty per example-weight unit (default 1e-3). */
  l2?: number;
  /** Full-batch steps (default 400). */
  steps?: number;
  /** Adam's step size (default 0.1). */
  rate?: number;
  /** Weights whose magnitude stays below this are dropped from the model (default 1e-4). */
  prune?: number;
  /** Give both classes the same total weight, so that a rare class is not ignored (default true). */
  balance?: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The model's probability that the example is positive. */
export function probability(model: LogisticModel, features: FeatureParts): number {
  return sigmoid(logit(model, features));
}

export function logit(model: LogisticModel, features: FeatureParts): number {
  let z = model.bias;
  const { weights } = model;
  for (const part of partsOf(features)) {
    for (const name in part) {
      const w = weights[name];
      if (w !== undefined) z += w * (part[name] as number);
    }
  }
  return z;
}

/** What each feature added to the logit, largest magnitude first: the evidence of one decision. */
export function contributions(
  model: LogisticModel,
  parts: FeatureParts,
  limit = 5,
): { feature: string; value: number; weight: number }[] {
  const out: { feature: string; value: number; weight: number }[] = [];
  const features = flatten(parts);
  for (const name in features) {
    const w = model.weights[name];
    const value = features[name] as number;
    if (w !== undefined && value !== 0) out.push({ feature: name, value, weight: w });
  }
  out.sort((a, b) => Math.abs(b.weight * b.value) - Math.abs(a.weight * a.value));
  return out.slice(0, limit);
}

interface Compiled {
  names: string[];
  rows: { index: Int32Array; value: Float64Array; label: number; weight: number }[];
}

function compile(examples: readonly Example[], balance: boolean): Compiled {
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  let positive = 0;
  let negative = 0;
  for (const e of examples) {
    if (e.label === 1) positive += e.weight ?? 1;
    else negative += e.weight ?? 1;
  }
  const total = positive + negative;
  const rows = examples.map((e) => {
    const features = flatten(e.features);
    const keys = Object.keys(features).sort();
    const index = new Int32Array(keys.length);
    const value = new Float64Array(keys.length);
    keys.forEach((key, i) => {
      let at = indexOf.get(key);
      if (at === undefined) {
        at = names.length;
        names.push(key);
        indexOf.set(key, at);
      }
      index[i] = at;
      value[i] = features[key] as number;
    });
    const classWeight =
      balance && positive > 0 && negative > 0 ? total / (2 * (e.label === 1 ? positive : negative)) : 1;
    return { index, value, label: e.label, weight: (e.weight ?? 1) * classWeight };
  });
  return { names, rows };
}

export function train(examples: readonly Example[], options: TrainOptions = {}): LogisticModel {
  const { l2 = 1e-3, steps = 400, rate = 0.1, prune = 1e-4, balance = true } = options;
  const { names, rows } = compile(examples, balance);
  const n = names.length + 1; // the last slot is the bias
  const w = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const grad = new Float64Array(n);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const totalWeight = rows.reduce((sum, r) => sum + r.weight, 0) || 1;
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (const row of rows) {
      let z = w[n - 1] as number;
      for (let i = 0; i < row.index.length; i++) z += (w[row.index[i] as number] as number) * (row.value[i] as number);
      const error = (sigmoid(z) - row.label) * row.weight;
      for (let i = 0; i < row.index.length; i++) {
        const at = row.index[i] as number;
        grad[at] = (grad[at] as number) + error * (row.value[i] as number);
      }
      grad[n - 1] = (grad[n - 1] as number) + error;
    }
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) / totalWeight + (i < n - 1 ? l2 * (w[i] as number) : 0);
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      const mHat = (m[i] as number) / (1 - beta1 ** step);
      const vHat = (v[i] as number) / (1 - beta2 ** step);
      w[i] = (w[i] as number) - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((name, i) => {
    const value = w[i] as number;
    if (Math.abs(value) >= prune) weights[name] = round(value);
  });
  return { bias: round(w[n - 1] as number), weights };
}

/** Six significant digits: the model file stays readable and diffs stay small. */
const round = (x: number) => Number(x.toPrecision(6));

/** One choice among options: which of a record's candidates is right. */
export interface ChoiceExample {
  options: FeatureParts[];
  /** The index of the right option. */
  chosen: number;
  weight?: number;
}

/** Each option's probability of being the right one: a softmax of the model's scores. */
export function choiceProbabilities(model: LogisticModel, options: readonly FeatureParts[]): number[] {
  const scores = options.map((o) => logit(model, o));
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/**
 * Fits a conditional logit: weights that make the right option of each example score highest.
 * Better than a yes/no model when exactly one of several candidates is right (a record's title).
 * Deterministic, like `train`.
 */
export function trainChoice(examples: readonly ChoiceExample[], options: TrainOptions = {}): LogisticModel {
  const { l2 = 1e-3, steps = 200, rate = 0.1, prune = 1e-4 } = options;
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  // A sampled softmax: the right option and at most `maxOptions - 1` others, the same ones every run.
  const maxOptions = 40;
  const sampled = examples.map((e) => {
    if (e.options.length <= maxOptions) return e;
    const stride = e.options.length / (maxOptions - 1);
    const others = e.options.filter((_, i) => i !== e.chosen);
    const kept = Array.from({ length: maxOptions - 1 }, (_, k) => others[Math.floor(k * stride)] as FeatureParts);
    return { ...e, options: [e.options[e.chosen] as FeatureParts, ...kept], chosen: 0 };
  });
  const compiled = sampled.map((e) => ({
    weight: e.weight ?? 1,
    chosen: e.chosen,
    options: e.options.map((parts) => {
      const features = flatten(parts);
      const keys = Object.keys(features).sort();
      const index = new Int32Array(keys.length);
      const value = new Float64Array(keys.length);
      keys.forEach((key, i) => {
        let at = indexOf.get(key);
        if (at === undefined) {
          at = names.length;
          names.push(key);
          indexOf.set(key, at);
        }
        index[i] = at;
        value[i] = features[key] as number;
      });
      return { index, value };
    }),
  }));
  const n = names.length;
  const w = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const grad = new Float64Array(n);
  const totalWeight = compiled.reduce((sum, e) => sum + e.weight, 0) || 1;
  const scores: number[] = [];
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (const example of compiled) {
      scores.length = 0;
      let top = Number.NEGATIVE_INFINITY;
      for (const o of example.options) {
        let z = 0;
        for (let i = 0; i < o.index.length; i++) z += (w[o.index[i] as number] as number) * (o.value[i] as number);
        scores.push(z);
        if (z > top) top = z;
      }
      let total = 0;
      for (let k = 0; k < scores.length; k++) {
        scores[k] = Math.exp((scores[k] as number) - top);
        total += scores[k] as number;
      }
      example.options.forEach((o, k) => {
        const error = ((scores[k] as number) / total - (k === example.chosen ? 1 : 0)) * example.weight;
        if (error === 0) return;
        for (let i = 0; i < o.index.length; i++) {
          const at = o.index[i] as number;
          grad[at] = (grad[at] as number) + error * (o.value[i] as number);
        }
      });
    }
    for (let i = 0; i < n; i++) {
      const g = (grad[i] as number) / totalWeight + l2 * (w[i] as number);
      m[i] = 0.9 * (m[i] as number) + 0.1 * g;
      v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
      const mHat = (m[i] as number) / (1 - 0.9 ** step);
      const vHat = (v[i] as number) / (1 - 0.999 ** step);
      w[i] = (w[i] as number) - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((name, i) => {
    const value = w[i] as number;
    if (Math.abs(value) >= prune) weights[name] = round(value);
  });
  return { bias: 0, weights };
}
