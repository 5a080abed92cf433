"""Clasificador de incidencias: una API REST que asigna un texto a un grupo de soporte.

POST /clasificar con {"texto": "..."} responde {"grupo": ..., "puntuaciones": {...}}.
GET /salud responde {"estado": "ok"} (para un HEALTHCHECK).

Las puntuaciones salen de palabras clave: es determinista y no necesita ningún modelo.
"""
import os
import signal
import sys
import unicodedata

from flask import Flask, jsonify, request

GRUPOS = {
    "redes": ["red", "internet", "wifi", "conexion", "vpn", "router", "dns", "ping", "cable", "proxy"],
    "hardware": ["impresora", "pantalla", "monitor", "teclado", "raton", "disco", "portatil", "bateria", "enciende", "ventilador"],
    "software": ["programa", "aplicacion", "instalar", "actualizacion", "error", "licencia", "excel", "navegador", "cuelga", "version"],
    "cuentas": ["contrasena", "usuario", "acceso", "cuenta", "login", "bloqueada", "permisos", "clave", "sesion", "correo"],
}

app = Flask(__name__)


def palabras(texto):
    """Minúsculas y sin tildes: "Contraseña" y "contrasena" cuentan igual."""
    sin_tildes = unicodedata.normalize("NFKD", texto.lower())
    sin_tildes = "".join(c for c in sin_tildes if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else " " for c in sin_tildes).split()


def clasificar(texto):
    vistas = palabras(texto)
    aciertos = {g: sum(1 for p in vistas for clave in claves if p.startswith(clave)) for g, claves in GRUPOS.items()}
    total = sum(aciertos.values())
    puntuaciones = {g: round(n / total, 2) if total else 0.0 for g, n in aciertos.items()}
    # Sin ninguna palabra clave el texto va a "otros"; un empate se resuelve por el orden de GRUPOS.
    grupo = max(GRUPOS, key=lambda g: aciertos[g]) if total else "otros"
    return grupo, puntuaciones


@app.get("/")
def inicio():
    return jsonify(servicio="clasificador de incidencias", grupos=list(GRUPOS), uso="POST /clasificar {\"texto\": \"...\"}")


@app.get("/salud")
def salud():
    return jsonify(estado="ok")


@app.post("/clasificar")
def clasificar_peticion():
    datos = request.get_json(silent=True)
    if not isinstance(datos, dict) or not isinstance(datos.get("texto"), str) or not datos["texto"].strip():
        return jsonify(error='envía JSON con un campo "texto" no vacío'), 400
    grupo, puntuaciones = clasificar(datos["texto"])
    # Una línea por petición en la salida estándar: es lo que enseña "docker logs".
    print(f"clasificado grupo={grupo} puntuacion={puntuaciones.get(grupo, 0.0)} texto={datos['texto'][:60]!r}")
    return jsonify(grupo=grupo, puntuaciones=puntuaciones)


def terminar(signum, frame):
    print("SIGTERM recibido: el clasificador se detiene")
    sys.exit(0)


# Como PID 1 de un contenedor, un proceso sin manejador de SIGTERM no se detiene con "docker stop"
# hasta que Docker lo mata (SIGKILL) al acabar el plazo. Un servidor que ya maneja la señal
# (gunicorn) conserva el suyo.
if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    signal.signal(signal.SIGTERM, terminar)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
