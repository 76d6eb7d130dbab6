// Records a provider's quota errors for a mailbox; the operation itself runs at once.
const quotaErrors = new Map<string, number>();

export async function recordQuotaErrors<T>(context: { mailbox: string; source: string }, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof Error && /quota|rate limit/i.test(error.message)) {
      quotaErrors.set(context.mailbox, (quotaErrors.get(context.mailbox) ?? 0) + 1);
    }
    throw error;
  }
}
