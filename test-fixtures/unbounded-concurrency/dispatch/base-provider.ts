// The provider contract: the base class does nothing itself; the provider chosen at run time does the work.
export abstract class BaseJobProvider {
  async triggerJob(_name: string, _payload: unknown): Promise<void> {
    throw new Error('Not implemented');
  }
}

export abstract class BaseAuthProvider {
  abstract getUser(id: string): Promise<{ id: string; email: string } | null>;
}
