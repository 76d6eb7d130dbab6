// An auth singleton whose provider is chosen on first use; `auth` is typed by the factory's return type.
import type { BaseAuthProvider } from './base-provider';
import { HttpAuthProvider } from './providers';

class AuthProvider {
  private static instance: BaseAuthProvider | null = null;

  static getInstance(): BaseAuthProvider {
    if (!AuthProvider.instance) AuthProvider.instance = new HttpAuthProvider();
    return AuthProvider.instance;
  }
}

export const auth = AuthProvider.getInstance();
