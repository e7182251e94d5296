/** Object keys, media resolution and temporary folders shared by the stages. */
package io.renderowl.activities.storage;
