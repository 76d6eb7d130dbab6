// Project request modules: an object of functions and plain exports that take the caller's options.
export interface CallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export const usersApi = {
  fetchUser(id: string, options?: CallOptions) {
    return fetch(`https://users.example.com/users/${id}`, { ...options, method: 'GET' });
  },
  fetchTeam: (id: string, options: CallOptions = {}) => fetch(`https://users.example.com/teams/${id}`, { headers: options.headers, signal: options.signal }),
};

export function searchUsers(query: string, options?: CallOptions) {
  return fetch(`https://users.example.com/search?q=${encodeURIComponent(query)}`, options);
}
