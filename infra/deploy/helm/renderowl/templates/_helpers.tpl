{{- define "renderowl.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "renderowl.labels" -}}
app.kubernetes.io/name: renderowl
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "renderowl.selector" -}}
app.kubernetes.io/name: renderowl
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "renderowl.secretName" -}}
{{- if .Values.existingSecret -}}{{ .Values.existingSecret }}{{- else -}}{{ include "renderowl.fullname" . }}-keys{{- end -}}
{{- end -}}

{{/* Environment every Renderowl pod shares: external servers, keys from the Secret, logs. */}}
{{- define "renderowl.env" -}}
- name: RENDEROWL_DB_URL
  value: {{ .Values.external.database.url | quote }}
- name: RENDEROWL_DB_USER
  value: {{ .Values.external.database.user | quote }}
{{- if not .Values.secrets.redisUrl }}
- name: RENDEROWL_REDIS_URL
  value: {{ .Values.external.redis.url | quote }}
{{- end }}
- name: RENDEROWL_S3_ENDPOINT
  value: {{ .Values.external.s3.endpoint | quote }}
- name: RENDEROWL_S3_BUCKET
  value: {{ .Values.external.s3.bucket | quote }}
- name: RENDEROWL_S3_REGION
  value: {{ .Values.external.s3.region | quote }}
- name: RENDEROWL_TEMPORAL_ADDRESS
  value: {{ .Values.external.temporal.address | quote }}
- name: RENDEROWL_TEMPORAL_NAMESPACE
  value: {{ .Values.external.temporal.namespace | quote }}
- name: RENDEROWL_TEMPORAL_SEARCH_ATTRIBUTES
  value: {{ .Values.external.temporal.searchAttributes | quote }}
- name: RENDEROWL_MANAGEMENT_PORT
  value: {{ .Values.managementPort | quote }}
- name: RENDEROWL_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: RENDEROWL_HOME
  value: /var/lib/renderowl
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "renderowl.envFrom" -}}
- secretRef:
    name: {{ include "renderowl.secretName" . }}
{{- end -}}

{{/* Probes on the management port: liveness never depends on the servers, readiness does. */}}
{{- define "renderowl.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: management}
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: management}
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: management}
  periodSeconds: 10
  timeoutSeconds: 5
  failureThreshold: 3
{{- end -}}
