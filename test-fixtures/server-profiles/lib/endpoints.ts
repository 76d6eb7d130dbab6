// A base URL in its own module: the code that imports it is linked to api.example.com's profile.
export const API = 'https://api.example.com';
export const ORDERS = process.env.ORDERS_URL ?? 'http://localhost:3000';
