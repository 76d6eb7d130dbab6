// Callbacks passed by name: a method of the class (`.map(this.load)`), bound or not, and a nested
// `Promise.all` inside the `.map` callback.
const timeout = { signal: AbortSignal.timeout(5_000) };

export class CatalogSync {
  constructor(private readonly baseUrl: string) {}

  private load = async (sku: string) => {
    const res = await fetch(`${this.baseUrl}/products/${sku}`, timeout);
    return res.json();
  };

  private async prices(sku: string) {
    const res = await fetch(`${this.baseUrl}/prices/${sku}`, timeout);
    return res.json();
  }

  async syncAll(skus: string[]) {
    return Promise.all(skus.map(this.load)); // expect: unbounded-concurrency
  }

  async pricesFor(skus: string[]) {
    return Promise.all(skus.map(this.prices.bind(this))); // expect: unbounded-concurrency
  }

  async withStock(skus: string[]) {
    return Promise.all( // expect: unbounded-concurrency
      skus.map((sku) =>
        Promise.all([
          this.load(sku), // expect: missing-retry
          fetch(`${this.baseUrl}/stock/${sku}`, timeout).then((res) => res.json()), // expect: missing-retry
        ]),
      ),
    );
  }

  // Clean look-alike: a fixed pair, not a collection.
  async headline() {
    return Promise.all(['featured', 'sale'].map(this.load));
  }
}
