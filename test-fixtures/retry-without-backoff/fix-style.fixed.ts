// Fix: code without semicolons, with double quotes and four-space indentation gets its fixes written the same way.
import { request } from "undici"
import { backoffDelay } from "./resilient-http"

export async function loadConfig(url: string) {
    const { statusCode, body } = await request(url, { // expect: missing-timeout, unconsumed-body
        signal: AbortSignal.timeout(10_000),
        method: "GET",
        headers: { accept: "application/json" },
    })
    if (statusCode !== 200) {
        await body.dump()
        return undefined
    }
    return body.json()
}

export async function load(url: string) {
    for (let attempt = 0; attempt < 3; attempt++) { // expect: retry-without-backoff
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)))
        try {
            const res = await fetch(url, { signal: AbortSignal.timeout(5_000) })
            if (res.ok) return res
            await res.body?.cancel()
        } catch (error) {
            if (attempt === 2) throw error
        }
    }
    throw new Error("gave up")
}
