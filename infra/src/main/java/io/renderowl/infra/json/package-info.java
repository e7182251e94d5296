/** The shared Jackson mapper for code outside Spring's wiring. */
package io.renderowl.infra.json;
