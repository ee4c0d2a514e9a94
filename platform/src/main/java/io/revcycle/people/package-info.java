/**
 * People: the leads and contacts of a tenant.
 */
package io.revcycle.people;
