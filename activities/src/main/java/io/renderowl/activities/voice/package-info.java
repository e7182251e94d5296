/**
 * Voice stage: speaks each scene. Speakers (espeak-ng offline, ElevenLabs, OpenAI TTS) implement
 * {@link io.renderowl.activities.voice.Speaker}; word timings, the audio check and the SSML subset
 * mapping live beside them; {@link io.renderowl.activities.voice.VoiceActivitiesImpl} stores the
 * speech.
 */
package io.renderowl.activities.voice;
