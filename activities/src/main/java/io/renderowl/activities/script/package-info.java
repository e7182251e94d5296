/**
 * Script stage: writes the script on a topic and splits it into scenes. One interface, {@link
 * io.renderowl.activities.script.ScriptWriter}, with the offline deterministic writer and the
 * chat-model writer (LangChain4j, OpenAI-compatible) side by side; {@link
 * io.renderowl.activities.script.ScriptActivitiesImpl} adapts the chosen one to Temporal.
 */
package io.renderowl.activities.script;
