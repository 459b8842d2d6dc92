"""Neutral demo material in English and Russian: a fictional city's newsroom.

Every edition of a story is built from the same indices, so an English article and its Russian translation
say the same thing.
"""

SECTIONS = [
    # slug, English title, Russian title, English description, Russian description
    (
        "news",
        "News",
        "Новости",
        "What happened today in the city and around it.",
        "Что произошло сегодня в городе и вокруг него.",
    ),
    (
        "policy",
        "Policy",
        "Политика",
        "Councils, budgets, elections and the rules we live by.",
        "Советы, бюджеты, выборы и правила, по которым мы живём.",
    ),
    (
        "economy",
        "Economy",
        "Экономика",
        "Prices, jobs, companies and the city's money.",
        "Цены, работа, компании и городские деньги.",
    ),
    (
        "culture",
        "Culture",
        "Культура",
        "Theatres, books, exhibitions and the people behind them.",
        "Театры, книги, выставки и люди, которые их делают.",
    ),
    (
        "column",
        "Author column",
        "Авторская колонка",
        "Opinions of our columnists.",
        "Мнения наших колумнистов.",
    ),
]

AUTHORS = [
    # slug, English name, Russian name, English job title, Russian job title, column?
    (
        "anna-petrova",
        "Anna Petrova",
        "Анна Петрова",
        "City editor",
        "Редактор городского отдела",
        False,
    ),
    ("ivan-sokolov", "Ivan Sokolov", "Иван Соколов", "Columnist", "Колумнист", True),
    (
        "maria-volkova",
        "Maria Volkova",
        "Мария Волкова",
        "Economics correspondent",
        "Экономический обозреватель",
        False,
    ),
    (
        "oleg-morozov",
        "Oleg Morozov",
        "Олег Морозов",
        "Political correspondent",
        "Политический корреспондент",
        False,
    ),
    (
        "elena-kuznetsova",
        "Elena Kuznetsova",
        "Елена Кузнецова",
        "Culture editor",
        "Редактор отдела культуры",
        False,
    ),
    ("dmitry-lebedev", "Dmitry Lebedev", "Дмитрий Лебедев", "Photo editor", "Фоторедактор", False),
]

BIOS = (
    "Has covered the city for more than ten years and still reads every council agenda to the end.",
    "Освещает жизнь города больше десяти лет и до сих пор дочитывает каждую повестку совета до конца.",
)

TAGS = [
    # slug, English, Russian, kind
    ("riverside", "Riverside", "Риверсайд", "place"),
    ("old-town", "Old Town", "Старый город", "place"),
    ("north-district", "North District", "Северный район", "place"),
    ("harbour", "Harbour", "Гавань", "place"),
    ("region", "The Region", "Область", "place"),
    ("neighbouring-country", "Neighbouring country", "Соседняя страна", "place"),
    ("capital", "The Capital", "Столица", "place"),
    ("budget", "Budget", "Бюджет", "topic"),
    ("elections", "Elections", "Выборы", "topic"),
    ("transport", "Transport", "Транспорт", "topic"),
    ("housing", "Housing", "Жильё", "topic"),
    ("schools", "Schools", "Школы", "topic"),
    ("health", "Health", "Здоровье", "topic"),
    ("weather", "Weather", "Погода", "topic"),
    ("energy", "Energy", "Энергетика", "topic"),
    ("taxes", "Taxes", "Налоги", "topic"),
    ("jobs", "Jobs", "Работа", "topic"),
    ("small-business", "Small business", "Малый бизнес", "topic"),
    ("theatre", "Theatre", "Театр", "topic"),
    ("books", "Books", "Книги", "topic"),
    ("music", "Music", "Музыка", "topic"),
    ("sport", "Sport", "Спорт", "topic"),
    ("parks", "Parks", "Парки", "topic"),
    ("science", "Science", "Наука", "topic"),
    ("history", "History", "История", "topic"),
]

DATELINES = [
    ("Riverside", "Риверсайд"),
    ("Northport", "Нортпорт"),
    ("Lakeview", "Лейквью"),
    ("", ""),
]

SUBJECTS = [
    ("The city council", "Городской совет"),
    ("The transport department", "Транспортный департамент"),
    ("The local farmers' union", "Союз местных фермеров"),
    ("The harbour authority", "Управление гавани"),
    ("The regional theatre", "Областной театр"),
    ("The North District residents' council", "Совет жителей Северного района"),
    ("The public library", "Публичная библиотека"),
    ("A group of engineers", "Группа инженеров"),
    ("The Old Town shopkeepers' association", "Ассоциация владельцев магазинов Старого города"),
    ("The mayor's office", "Мэрия"),
]

ACTIONS = [
    ("approves a new plan for", "утверждает новый план по теме"),
    ("asks for more money for", "просит больше денег на тему"),
    ("opens a public debate on", "открывает общественное обсуждение темы"),
    ("publishes a report on", "публикует доклад на тему"),
    ("delays the decision on", "откладывает решение по теме"),
    ("starts a pilot project on", "запускает пилотный проект по теме"),
]

TOPICS = [
    ("night buses", "ночные автобусы"),
    ("the riverside park", "парк на набережной"),
    ("school meals", "школьное питание"),
    ("the winter budget", "зимний бюджет"),
    ("street lighting", "уличное освещение"),
    ("the old tram line", "старая трамвайная линия"),
    ("affordable housing", "доступное жильё"),
    ("the summer festival", "летний фестиваль"),
    ("cycle lanes", "велодорожки"),
    ("the new library wing", "новое крыло библиотеки"),
    ("local taxes", "местные налоги"),
    ("heating prices", "цены на отопление"),
]

SENTENCES = [
    (
        "The proposal was discussed for almost three hours before the vote.",
        "Предложение обсуждали почти три часа перед голосованием.",
    ),
    (
        "Officials said the first results would be known by the end of the month.",
        "Чиновники заявили, что первые результаты станут известны к концу месяца.",
    ),
    (
        "Several residents came to the meeting with their own calculations.",
        "Несколько жителей пришли на встречу со своими расчётами.",
    ),
    (
        "The cost of the project has grown by a fifth since the spring.",
        "С весны стоимость проекта выросла на пятую часть.",
    ),
    (
        "Critics say the plan leaves out the districts that need it most.",
        "Критики считают, что план обходит стороной районы, которым он нужнее всего.",
    ),
    (
        "The department promised to publish every contract on its website.",
        "Департамент пообещал публиковать каждый контракт на своём сайте.",
    ),
    (
        "Similar schemes in neighbouring towns have had mixed results.",
        "Похожие программы в соседних городах дали неоднозначные результаты.",
    ),
    (
        "A final decision is expected after the public hearings in autumn.",
        "Окончательное решение ожидается после публичных слушаний осенью.",
    ),
    (
        "Local businesses have asked for a clear timetable.",
        "Местный бизнес попросил чёткий график работ.",
    ),
    ("The figures were checked by an independent auditor.", "Цифры проверил независимый аудитор."),
    (
        "Volunteers have already collected more than two thousand signatures.",
        "Волонтёры уже собрали больше двух тысяч подписей.",
    ),
    (
        "The weather delayed the work by two weeks.",
        "Из-за погоды работы задержались на две недели.",
    ),
]

HEADINGS = [
    ("What happens next", "Что будет дальше"),
    ("Where the money goes", "Куда пойдут деньги"),
    ("What residents say", "Что говорят жители"),
]

QUOTES = [
    (
        "We want every family to feel the difference before the winter.",
        "Deputy mayor, official statement",
        "Мы хотим, чтобы каждая семья почувствовала разницу ещё до зимы.",
        "Заместитель мэра, официальное заявление",
    ),
    (
        "Nobody asked us before drawing the map.",
        "A resident, in a post on a local forum",
        "Нас никто не спросил, прежде чем рисовать карту.",
        "Жительница, в посте на местном форуме",
    ),
    (
        "The numbers add up only if prices stay where they are.",
        "An economist at the regional university",
        "Цифры сходятся, только если цены останутся на месте.",
        "Экономист областного университета",
    ),
]

CAPTIONS = [
    ("The site of the planned works.", "Место запланированных работ."),
    ("The council chamber during the vote.", "Зал совета во время голосования."),
    ("The embankment on an autumn morning.", "Набережная осенним утром."),
]

# A reader poll per edition: (question, answers), English then Russian.
POLL = [
    (
        "Should the old tram line be restored?",
        ["Yes, as it was", "Yes, but as a modern light rail", "No, buses are enough", "I have no opinion"],
    ),
    (
        "Нужно ли восстанавливать старую трамвайную линию?",
        ["Да, как была", "Да, но как современный лёгкий трамвай", "Нет, хватит автобусов", "Нет мнения"],
    ),
]

COMMENT_RULES = (
    "<p>Comments are read by our moderators. Be civil and stay on topic: insults, threats, hate speech, spam "
    "and advertising are prohibited.</p>",
    "<p>Комментарии читают наши модераторы. Будьте вежливы и не уходите от темы: оскорбления, угрозы, "
    "разжигание ненависти, спам и реклама запрещены.</p>",
)

CHANNELS = [
    ("telegram", "Telegram", "https://t.me/masthead_demo"),
    ("vk", "VK", "https://vk.com/masthead_demo"),
    ("youtube", "YouTube", "https://www.youtube.com/@masthead_demo"),
]

READERS = [("reader1@example.org", "Olga"), ("reader2@example.org", "Pavel"), ("reader3@example.org", "Sam")]

COMMENTS = [
    ("Finally somebody asked the residents first.", "Наконец-то жителей спросили заранее."),
    (
        "I would like to see the full contract before I believe the numbers.",
        "Хотелось бы увидеть весь контракт, прежде чем верить цифрам.",
    ),
    ("The same was promised two years ago. Let us see.", "То же самое обещали два года назад. Посмотрим."),
    ("Thank you for the clear explanation of the budget.", "Спасибо за понятное объяснение бюджета."),
]

# Work waiting for the newsroom after the demo, made through the same services readers use, so the moderators'
# queue, the rejected comments and the typo reports show real reasons. Readers who have not commented before,
# (email, name, language, text): their first comment waits for a moderator (the new-account hold).
NEWCOMERS = [
    ("reader4@example.org", "Nina", "en", "I live on this street. Will the works start before the winter?"),
    ("reader5@example.org", "Ирина", "ru", "Живу в этом районе. Начнутся ли работы до зимы?"),
]
# A returning reader's comment with a link to another site, which the default link policy refuses.
LINK_COMMENT = (
    "The full contract is here: https://contracts.example.net/tram-2026.pdf",
    "Весь контракт здесь: https://contracts.example.net/tram-2026.pdf",
)
# A reader's report of another reader's comment.
COMMENT_REPORT_REASON = ("Off topic: this is about another project.", "Не по теме: это о другом проекте.")
# The newsroom's desk in the threads: its account, its answer to a reader's comment (which it also features) and
# the reason the moderators' log keeps for featuring it.
DESK = ("desk@example.org", "Newsroom desk")
DESK_REPLY = (
    "Thank you: we have asked the city for the full document and will publish it as soon as we have it.",
    "Спасибо: мы запросили у города полный документ и опубликуем его, как только получим.",
)
FEATURE_REASON = ("A question many readers share", "Вопрос, который волнует многих")
# A reader's note on a word of a story's lead, reported as a possible typo.
TYPO_NOTE = ("Is this word right here?", "Здесь нет опечатки?")

# The newsroom's own pages: (slug, (English title, Russian title), (English paragraphs, Russian paragraphs)).
INFO_PAGES = [
    (
        "about",
        ("About us", "О редакции"),
        (
            [
                "Masthead Courier is a fictional newsroom that shows what Masthead can publish.",
                "Our reporters cover the city council, the economy, culture and the life of every district.",
            ],
            [
                "«Новости города Мастхед» — вымышленная редакция, которая показывает, что умеет Masthead.",
                "Наши корреспонденты пишут о городском совете, экономике, культуре и жизни каждого района.",
            ],
        ),
    ),
    (
        "contacts",
        ("Contacts", "Контакты"),
        (
            [
                "Write to the newsroom at newsroom@example.com.",
                "To report an error in a story, select the text and press Ctrl + Enter.",
            ],
            [
                "Пишите в редакцию: newsroom@example.com.",
                "Чтобы сообщить об ошибке в материале, выделите текст и нажмите Ctrl + Enter.",
            ],
        ),
    ),
]

# Claims the demo's fact checks examine, by verdict: (the claim, why the verdict), each in English and Russian.
FACT_CHECKS = {
    "mostly_false": (
        (
            "The district's heating bills have doubled since last winter.",
            "Счета за отопление в районе выросли вдвое с прошлой зимы.",
        ),
        (
            "The city's own tariff tables show a rise of 18%; only the two newest blocks pay close to double.",
            "По тарифным таблицам города рост составил 18%; почти вдвое больше платят лишь два новых дома.",
        ),
    ),
    "true": (
        (
            "More residents took part in this year's budget hearings than in any year before.",
            "В бюджетных слушаниях в этом году участвовало больше жителей, чем когда-либо прежде.",
        ),
        (
            "The council's registers count 1,240 participants, against 980 in the best earlier year.",
            "По реестрам совета — 1240 участников, тогда как лучший прежний год дал 980.",
        ),
    ),
}
