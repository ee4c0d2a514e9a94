{{/*
The chart name, shortened to the 63 characters a DNS label allows.
*/}}
{{- define "revcycle.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name: the release name, with the chart name unless the release already contains it.
*/}}
{{- define "revcycle.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "revcycle.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The labels every resource carries. Call with (dict "ctx" $ "component" "platform").
*/}}
{{- define "revcycle.labels" -}}
helm.sh/chart: {{ include "revcycle.chart" .ctx }}
{{ include "revcycle.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: revcycle
{{- end }}

{{/*
The labels that select a component's pods. Call with (dict "ctx" $ "component" "platform").
*/}}
{{- define "revcycle.selectorLabels" -}}
app.kubernetes.io/name: {{ include "revcycle.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{/*
A component's resource name, for example release-revcycle-platform. Call with (dict "ctx" $ "component" "platform").
*/}}
{{- define "revcycle.componentName" -}}
{{- printf "%s-%s" (include "revcycle.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "revcycle.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "revcycle.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image of a service. Call with (dict "ctx" $ "image" "platform").
*/}}
{{- define "revcycle.image" -}}
{{- printf "%s/%s:%s" .ctx.Values.image.repository .image (default .ctx.Chart.AppVersion .ctx.Values.image.tag) }}
{{- end }}

{{/*
The Secret that holds the credentials: the operator's, or the chart's own.
*/}}
{{- define "revcycle.credentialsSecret" -}}
{{- if .Values.credentials.existingSecret }}
{{- .Values.credentials.existingSecret }}
{{- else }}
{{- printf "%s-credentials" (include "revcycle.fullname" .) }}
{{- end }}
{{- end }}

{{- define "revcycle.configMapName" -}}
{{- printf "%s-config" (include "revcycle.fullname" .) }}
{{- end }}

{{- define "revcycle.jdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:%d/%s?sslmode=%s&ApplicationName=revcycle" .Values.database.host (int .Values.database.port) .Values.database.name .Values.database.sslMode }}
{{- end }}

{{/*
An environment variable read from the credentials Secret. Call with (dict "ctx" $ "name" "ENV" "key" "secret-key"
"optional" true).
*/}}
{{- define "revcycle.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "revcycle.credentialsSecret" .ctx }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/*
What every service's pod template shares: the security context, the service account, a writable /tmp (the root
filesystem is read-only), scheduling. Call with (dict "ctx" $ "values" .Values.platform).
*/}}
{{- define "revcycle.podCommon" -}}
serviceAccountName: {{ include "revcycle.serviceAccountName" .ctx }}
automountServiceAccountToken: false
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Probes on the actuator health groups, served on the management port. Startup allows up to 5 minutes (migrations
run in their own Job, but a cold JVM on a small CPU share is slow); liveness then only restarts a stuck JVM;
readiness takes the pod out of its Service while it starts or drains.
*/}}
{{- define "revcycle.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: management
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end }}

{{/*
Checks that a credential is given when the chart creates the Secret itself.
*/}}
{{- define "revcycle.requiredCredential" -}}
{{- if not (index .ctx.Values.credentials.values .key) }}
{{- fail (printf "credentials.values.%s is required when credentials.existingSecret is empty (or name an existing Secret in credentials.existingSecret)" .key) }}
{{- end }}
{{- end }}
