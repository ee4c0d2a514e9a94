/**
 * Configuration as code: the tenant's whole configuration as one YAML or JSON document
 * that can be read, checked with a dry run, and applied in one transaction, to this
 * tenant or another one. It owns no table: every section is read and written through the
 * API of the feature that owns it, and stage and scoring models only ever become
 * proposals.
 */
package io.revcycle.config;
