// Clean: a project retry wrapper that looks at the result's status and goes again on a 5xx.
export async function retryChecked<T extends { status: number }>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await operation();
      if (result.status < 500 || attempt >= attempts) return result;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
  }
}
