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

export function train(examples: readonly Example[], options: TrainOptions = {}): LogisticModel {
  const { l2 = 1e-3, steps = 400, rate = 0.1, prune = 1e-4, balance = true } = options;
  let positive = 0;
  let negative = 0;
  for (const e of examples) {
    if (e.label === 1) positive += e.weight ?? 1;
    else negative += e.weight ?? 1;
  }
  const total = positive + negative;
  const vectors = new Vectors();
  const starts: number[] = [0];
  const indexes: number[] = [];
  const values: number[] = [];
  const labels = new Float64Array(examples.length);
  const weightOf = new Float64Array(examples.length);
  examples.forEach((e, r) => {
    vectors.append(e.features, indexes, values);
    starts.push(indexes.length);
    labels[r] = e.label;
    const classWeight =
      balance && positive > 0 && negative > 0 ? total / (2 * (e.label === 1 ? positive : negative)) : 1;
    weightOf[r] = (e.weight ?? 1) * classWeight;
  });
  const start = Int32Array.from(starts);
  const index = Int32Array.from(indexes);
  const value = Float64Array.from(values);
  const names = vectors.names;
  const n = names.length + 1; // the last slot is the bias
  const w = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const grad = new Float64Array(n);
  const totalWeight = weightOf.reduce((sum, x) => sum + x, 0) || 1;
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (let r = 0; r < examples.length; r++) {
      let z = w[n - 1] as number;
      for (let i = start[r] as number; i < (start[r + 1] as number); i++)
        z += (w[index[i] as number] as number) * (value[i] as number);
      const error = (sigmoid(z) - (labels[r] as number)) * (weightOf[r] as number);
      for (let i = start[r] as number; i < (start[r + 1] as number); i++) {
        const at = index[i] as number;
        grad[at] = (grad[at] as number) + error * (value[i] as number);
      }
      grad[n - 1] = (grad[n - 1] as number) + error;
    }
    adamStep(w, m, v, grad, totalWeight, l2, rate, step, n - 1);
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
  // A sampled softmax: the right option and at most `maxOptions - 1` others, the same ones every run.
  const maxOptions = 40;
  const sampled = examples.map((e) => {
    if (e.options.length <= maxOptions) return e;
    const stride = e.options.length / (maxOptions - 1);
    const others = e.options.filter((_, i) => i !== e.chosen);
    const kept = Array.from(
      { length: maxOptions - 1 },
      (_, k) => others[Math.floor(k * stride)] as FeatureParts,
    );
    return { ...e, options: [e.options[e.chosen] as FeatureParts, ...kept], chosen: 0 };
  });
  const vectors = new Vectors();
  // Options laid out flat: option o's features are index/value[start[o] .. start[o + 1]).
  const exampleStart: number[] = [0];
  const chosenOption: number[] = [];
  const weightOf: number[] = [];
  const starts: number[] = [0];
  const indexes: number[] = [];
  const values: number[] = [];
  for (const e of sampled) {
    for (const option of e.options) {
      vectors.append(option, indexes, values);
      starts.push(indexes.length);
    }
    chosenOption.push((exampleStart.at(-1) as number) + e.chosen);
    exampleStart.push(starts.length - 1);
    weightOf.push(e.weight ?? 1);
  }
  const start = Int32Array.from(starts);
  const index = Int32Array.from(indexes);
  const value = Float64Array.from(values);
  const names = vectors.names;
  const n = names.length;
  const w = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const grad = new Float64Array(n);
  const totalWeight = weightOf.reduce((sum, x) => sum + x, 0) || 1;
  const scores = new Float64Array(starts.length);
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (let e = 0; e < sampled.length; e++) {
      const first = exampleStart[e] as number;
      const last = exampleStart[e + 1] as number;
      let top = Number.NEGATIVE_INFINITY;
      for (let o = first; o < last; o++) {
        let z = 0;
        for (let i = start[o] as number; i < (start[o + 1] as number); i++)
          z += (w[index[i] as number] as number) * (value[i] as number);
        scores[o] = z;
        if (z > top) top = z;
      }
      let total = 0;
      for (let o = first; o < last; o++) {
        const x = Math.exp((scores[o] as number) - top);
        scores[o] = x;
        total += x;
      }
      const weight = weightOf[e] as number;
      const right = chosenOption[e] as number;
      for (let o = first; o < last; o++) {
        const error = ((scores[o] as number) / total - (o === right ? 1 : 0)) * weight;
        if (error === 0) continue;
        for (let i = start[o] as number; i < (start[o + 1] as number); i++) {
          const at = index[i] as number;
          grad[at] = (grad[at] as number) + error * (value[i] as number);
        }
      }
    }
    adamStep(w, m, v, grad, totalWeight, l2, rate, step, n);
  }
  const weights: Record<string, number> = {};
  names.forEach((name, i) => {
    const value = w[i] as number;
    if (Math.abs(value) >= prune) weights[name] = round(value);
  });
  return { bias: 0, weights };
}

/** One Adam step on every weight (no penalty on the last slot when it is a bias: `n` excludes it). */
function adamStep(
  w: Float64Array,
  m: Float64Array,
  v: Float64Array,
  grad: Float64Array,
  totalWeight: number,
  l2: number,
  rate: number,
  step: number,
  penalized: number,
): void {
  const c1 = 1 - 0.9 ** step;
  const c2 = 1 - 0.999 ** step;
  for (let i = 0; i < w.length; i++) {
    const g = (grad[i] as number) / totalWeight + (i < penalized ? l2 * (w[i] as number) : 0);
    m[i] = 0.9 * (m[i] as number) + 0.1 * g;
    v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
    w[i] = (w[i] as number) - (rate * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + 1e-8);
  }
}

/** Sorted sparse vectors of feature parts, kept per parts object: folds of a cross-validation share them. */
const sparse = new WeakMap<object, { keys: string[]; values: number[] }>();

/** Numbers the features of a fit and appends examples' sparse vectors to flat arrays. */
class Vectors {
  readonly names: string[] = [];
  private readonly indexOf = new Map<string, number>();

  append(parts: FeatureParts, indexes: number[], values: number[]): void {
    let vector = sparse.get(parts as object);
    if (!vector) {
      const features = flatten(parts);
      const keys = Object.keys(features).sort();
      vector = { keys, values: keys.map((k) => features[k] as number) };
      sparse.set(parts as object, vector);
    }
    vector.keys.forEach((key, i) => {
      let at = this.indexOf.get(key);
      if (at === undefined) {
        at = this.names.length;
        this.names.push(key);
        this.indexOf.set(key, at);
      }
      indexes.push(at);
      values.push(vector.values[i] as number);
    });
  }
}
