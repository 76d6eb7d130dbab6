// A shared axios instance, with a timeout, used from other files.
import axios from 'axios';

export const api = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });
