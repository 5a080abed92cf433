{{/* The release's name, or release-chart when the release name does not contain the chart's. */}}
{{- define "lab-grader.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "lab-grader.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Where the latest gradebook is kept: a ConfigMap in the release's namespace. */}}
{{- define "lab-grader.gradebook" -}}
{{- printf "%s-gradebook" (include "lab-grader.fullname" .) -}}
{{- end -}}
