/**
 * The render benchmark ({@code owl bench render}) and the sample timelines it and {@code owl
 * render} use: W1 (see shared/bench/W1.md), its 5-minute variant and a timeline with every clip
 * type and transition, generated deterministically with their media.
 */
package io.renderowl.cli.bench;
