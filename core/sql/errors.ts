/** Raised by a dialect that cannot express a node, rather than emitting something wrong. */
export class UnsupportedFeatureError extends Error {
  override readonly name = 'UnsupportedFeatureError';
  constructor(
    readonly dialect: string,
    readonly feature: string,
  ) {
    super(`the ${dialect} dialect does not support ${feature}`);
  }
}
