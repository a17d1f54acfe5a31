"""The eight principles of "Engaging Police in Immigrant Communities: Promising
Practices from the Field" (Vera Institute of Justice and the US DOJ COPS Office,
2012). English wording follows the report's summary; the Spanish is ours."""

PRINCIPLES = [
    {
        "key": "root-causes",
        "number": 1,
        "en": (
            "Get to the root causes",
            "Identify the underlying factors behind crime and disorder affecting "
            "immigrant communities.",
        ),
        "es": (
            "Llegar a las causas de fondo",
            "Identificar los factores subyacentes de la delincuencia y el desorden "
            "que afectan a las comunidades inmigrantes.",
        ),
    },
    {
        "key": "maximize-resources",
        "number": 2,
        "en": (
            "Maximize resources",
            "Expand the use of available money and personnel.",
        ),
        "es": (
            "Aprovechar al máximo los recursos",
            "Ampliar el uso del dinero y del personal disponibles.",
        ),
    },
    {
        "key": "leverage-partnerships",
        "number": 3,
        "en": (
            "Leverage partnerships",
            "Build relationships with organizations and people rooted in immigrant "
            "communities.",
        ),
        "es": (
            "Aprovechar las alianzas",
            "Establecer relaciones con organizaciones y personas arraigadas en las "
            "comunidades inmigrantes.",
        ),
    },
    {
        "key": "focus-on-the-vulnerable",
        "number": 4,
        "en": (
            "Focus on the vulnerable",
            "Support those least able to protect themselves.",
        ),
        "es": (
            "Centrarse en las personas vulnerables",
            "Apoyar a quienes tienen menos capacidad para protegerse.",
        ),
    },
    {
        "key": "broad-outreach",
        "number": 5,
        "en": (
            "Engage in broad outreach",
            "Communicate directly and regularly with as many people as possible, "
            "by varied means.",
        ),
        "es": (
            "Realizar un acercamiento amplio",
            "Comunicarse de forma directa y regular con el mayor número posible de "
            "personas, por medios variados.",
        ),
    },
    {
        "key": "train",
        "number": 6,
        "en": (
            "Train law enforcement and the community",
            "Each learns the other's values and practices.",
        ),
        "es": (
            "Capacitar a la policía y a la comunidad",
            "Cada una aprende los valores y las prácticas de la otra.",
        ),
    },
    {
        "key": "monitor",
        "number": 7,
        "en": (
            "Monitor successes and failures",
            "Review programs regularly against the community's needs and the "
            "desired results.",
        ),
        "es": (
            "Dar seguimiento a los aciertos y los fracasos",
            "Revisar los programas con regularidad frente a las necesidades de la "
            "comunidad y los resultados deseados.",
        ),
    },
    {
        "key": "sustain",
        "number": 8,
        "en": (
            "Sustain programs that work",
            "Put mechanisms in place that keep successful initiatives going with "
            "agency-wide support.",
        ),
        "es": (
            "Mantener los programas que funcionan",
            "Establecer mecanismos que den continuidad a las iniciativas exitosas "
            "con el respaldo de toda la institución.",
        ),
    },
]
