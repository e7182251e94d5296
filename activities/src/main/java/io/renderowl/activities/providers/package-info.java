/**
 * Real AI and media providers behind their documented HTTP APIs: the shared HTTP client (retry
 * classification, Retry-After, size limits), the Redis token bucket and response cache, usage
 * recording, and one class per provider (LLM through LangChain4j, OpenAI Images, Stability,
 * Pexels, Pixabay, ElevenLabs, OpenAI TTS).
 */
package io.renderowl.activities.providers;
